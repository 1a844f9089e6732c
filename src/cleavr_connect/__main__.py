from cleavr_connect.cli.main import main

raise SystemExit(main())
