"""What the EPUB and DOCX writers share: the model as a pandoc JSON AST, and the pandoc process."""
