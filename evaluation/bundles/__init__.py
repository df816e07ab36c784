"""Bundles of documents built by background jobs: the council pack (PDFs to print or read
offline) and the inspector / Ministry bundle (a ZIP per dossier with a SHA-256 manifest)."""
