"""`python -m bharosa` runs the command line."""

from bharosa.cli import main

main()
