"""In-person seminars: the public schedule, registration and waitlists, calendars, e-mails,
and the trainers' pages."""
