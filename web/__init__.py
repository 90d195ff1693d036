"""What every blueprint shares at the request: JSON bodies, forms, languages, errors, headers."""
