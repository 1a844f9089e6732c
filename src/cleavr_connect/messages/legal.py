"""What French law requires every letter and e-mail of an amicable recovery to carry.

Article R124-4 of the Code des procédures civiles d'exécution (CPCE): the person in charge of
amicable recovery sends the debtor a letter stating
1° its name, address, and that it carries on amicable debt recovery;
2° the creditor's name and address;
3° the basis and the amount of the sum due in principal, interest and other accessories, each
   element of the debt apart, excluding the costs left to the creditor by the third paragraph of
   article L111-8;
4° the request to pay the sum due and how to pay it;
5° the reproduction of the third and fourth paragraphs of article L111-8.
The reference and the date of that letter are recalled in every later step (last paragraph).

The paragraphs below reproduce article L111-8 CPCE (created by ordonnance n° 2011-1895 of
19 December 2011, from article 32 of loi n° 91-650 of 9 July 1991), source Légifrance:
(https://www.legifrance.gouv.fr, Code des procédures civiles d'exécution), reproduced from the
text in force as we know it; the operator checks it against Légifrance when the law changes.
The English version is a courtesy translation; the French text is always printed too.
"""

from __future__ import annotations

from cleavr_connect.i18n import N_

L111_8_SOURCE = "Article L111-8 du Code des procédures civiles d'exécution, alinéas 3 et 4"

# Paragraphs 3 and 4 of article L111-8 CPCE, verbatim.
L111_8_PARAGRAPHS_3_4_FR = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du "
    "créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au "
    "créancier. Toute stipulation contraire est réputée non écrite, sauf disposition législative "
    "contraire.",
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour "
    "recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie des "
    "frais ainsi exposés à la charge du débiteur de mauvaise foi.",
)

L111_8_PARAGRAPHS_3_4_EN = (
    "The costs of recovery undertaken without an enforceable title remain payable by the "
    "creditor, unless they concern an act that the law requires the creditor to perform. Any "
    "stipulation to the contrary is deemed unwritten, unless a statute provides otherwise.",
    "However, a creditor who shows that the steps taken to recover its claim were necessary may "
    "ask the enforcement judge to leave all or part of the costs so incurred to be paid by a "
    "debtor acting in bad faith.",
)

# R124-4 1°: the statement that the agency acts in amicable recovery (translated in the
# `messages` catalogue).
AGENCY_STATEMENT = N_(
    "%(agency)s, a company carrying on amicable debt recovery, instructed by %(creditor)s"
)
