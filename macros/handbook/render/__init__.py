"""Pure functions from data to Markdown or HTML. None of them imports MkDocs."""
