"""One error type for bad input, with a message that names the file, the entry and the field."""


class DataError(Exception):
    """A data file (or a page) is wrong. The message is meant for a clinician editing YAML."""

    def __init__(self, messages):
        if isinstance(messages, str):
            messages = [messages]
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))
