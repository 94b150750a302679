"""The guide's content: the model, the Markdown parser, the importer and the linter."""
