from lawgap.cli import main

main()
