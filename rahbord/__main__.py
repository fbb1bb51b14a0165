from rahbord.cli import main

main()
