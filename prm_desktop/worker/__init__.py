"""Worker processes for heavy work (imports, the portfolio refresh, demo data, later review packs and sync).

A job is a plain function ``job(progress, *args)`` named by its dotted path (``"module:function"``)
and run in a process started with the ``spawn`` method, so it shares neither the GIL nor the memory
of the GUI. The GUI side (``prm_desktop.ui.tasks.TaskRunner.run_in_process``) starts the process,
reads the messages it sends and relays them as Qt signals. Nothing here imports PySide6.
"""
