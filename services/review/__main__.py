from services.review.cli import cli

raise SystemExit(cli.main())
