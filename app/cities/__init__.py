"""The three cities: choosing one's city, the city pages, and `city:` links resolved for it."""
