"""Sign-up, sign-in, sign-out and the profile; and the admins' page of staff roles."""
