"""Page tests of submission: account pages, the OPD portal and the OPD head's approvals."""
