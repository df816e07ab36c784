"""PDF documents of the evaluation app (WeasyPrint), one module per document."""
