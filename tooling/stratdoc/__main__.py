from stratdoc.cli import main

main(prog_name="stratdoc")  # as installed, not "python -m stratdoc"
