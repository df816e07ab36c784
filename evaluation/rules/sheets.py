"""Predicates for this area are added here."""
