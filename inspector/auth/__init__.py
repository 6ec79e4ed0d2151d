"""Re-running SPF, DKIM, ARC and DMARC, and reading what the receivers recorded."""
