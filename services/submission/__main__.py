from services.submission.cli import cli

raise SystemExit(cli.main())
