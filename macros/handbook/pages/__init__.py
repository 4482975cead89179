"""Feature modules: each exposes `macros(site) -> {name: function}` and is found automatically."""
