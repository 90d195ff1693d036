"""Events, partners and venues through the JSON API."""
