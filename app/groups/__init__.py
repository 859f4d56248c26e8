"""Learning groups: trainers and helpers run them, residents join with a code and consent."""
