from python_jobs.validation.cli import main

raise SystemExit(main())
