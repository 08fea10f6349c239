"""What the build publishes and the app reads: domain constants, formulas and the contract version.

Imported by both sides (etl/ writes, atlas/ reads) and importing neither, so the dashboard depends on
this small published agreement, not on the pipeline's code.
"""
