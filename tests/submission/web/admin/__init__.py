"""Page tests of the pemda admin's pages, one file per page feature."""
