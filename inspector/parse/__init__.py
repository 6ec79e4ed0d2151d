"""One parser per header kind, shared by the chain, the recorded-results reader and the checks.

Each module reads one grammar and nothing else: `tag_list` (DKIM, ARC and DMARC ``tag=value;`` lists, strict
for verification and lenient for display), `arc_instance` (ARC ``i=`` instance numbers), `received_spf`
(RFC 7208 §9.1) and `auth_results` (RFC 8601 Authentication-Results and ARC-Authentication-Results), on
`comments` (comments, quoted strings and top-level semicolons of structured fields). The
package sits on the input floor: it imports no stage, so every stage can ask it the same question and get the
same answer (issue 13 item 3: two readers of one header used to disagree on edge cases).
"""
