from claims.cli import cli

cli(prog_name="claims")
