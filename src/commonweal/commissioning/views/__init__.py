"""The commissioning pages: thin views over the domain functions."""
