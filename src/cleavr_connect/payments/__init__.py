"""Money in and out in bank formats: ISO 20022 statements read, SEPA payout files written."""
