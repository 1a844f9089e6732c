"""Amicable recovery carried out: the playbook takes each step of a receivable when it falls due
and queues the step's messages. Above both `receivables` (the claim and its steps) and
`messages` (what the debtor receives), which never import it."""
