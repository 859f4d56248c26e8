"""The pages the law asks for: the accessibility statement, the Leichte Sprache and sign language pages,
"report a barrier" from every page (and the admins' list of reports), and the privacy notice."""
