"""The debtor's side of a receivable: the portal, payments by transfer and card, disputes,
payment plans and promises to pay."""
