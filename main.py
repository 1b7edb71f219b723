from disclosure_desk.app import main

raise SystemExit(main())
