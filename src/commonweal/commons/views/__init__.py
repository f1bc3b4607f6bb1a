"""The commons pages. Each module holds thin views over the commons functions."""
