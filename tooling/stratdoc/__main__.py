from stratdoc.cli import main

main()
