"""Built-in attack recipes (TOML) and study files, shipped as package data."""
