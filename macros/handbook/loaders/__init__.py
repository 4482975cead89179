"""Extra data collections. Each module exposes `load(col, hb, data_dir)`, found automatically by
`handbook.data.load`, so a new kind of data file never needs an edit to data.py."""
