from services.notification.cli import cli

raise SystemExit(cli.main())
