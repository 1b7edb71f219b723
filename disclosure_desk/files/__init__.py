"""File formats: reading and writing .txt, .docx, .pdf and spreadsheet files for the domain layer."""
