"""The seed front matter: a YAML reader that keeps every scalar the string that was written."""
