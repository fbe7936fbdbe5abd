from robustir.cli import main

main()
