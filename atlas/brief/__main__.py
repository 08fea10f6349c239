"""python -m atlas.brief --ze 8405 | --dep 38 | --reg 84 | --zones 8405,8413 | --region-zones 84 [--out briefs/]."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

from tqdm import tqdm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas.brief", description="Fiches territoriales PDF d'Atlas 4.h")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--ze", help="code de zone d'emploi (ex. 8405)")
    target.add_argument("--dep", help="code de département (ex. 38)")
    target.add_argument("--reg", help="code de région (ex. 84)")
    target.add_argument("--zones", help="deux à quatre zones d'emploi séparées par des virgules")
    target.add_argument("--region-zones", metavar="REG", help="une fiche par zone d'emploi touchant la région")
    parser.add_argument("--year", type=int, help="année d'enquête BMO (défaut : la dernière)")
    parser.add_argument("--out", type=Path, default=Path("briefs"), help="dossier de sortie (défaut : briefs/)")
    parser.add_argument("--app-url", default="http://localhost:8501", help="adresse du tableau de bord pour les liens")
    args = parser.parse_args(argv)

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    from atlas import data, territories
    from atlas.brief.content import selection_brief, territory_brief
    from atlas.brief.render import BriefRenderer, BrowserUnavailableError

    problem = data.data_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    jobs: list[tuple[str, object]] = []
    if args.zones:
        jobs.append(("zones", [c.strip() for c in args.zones.split(",") if c.strip()]))
    elif args.region_zones:
        jobs.extend(("ze", code) for code in territories.in_region("ze", args.region_zones).index)
    else:
        level = "ze" if args.ze else "dep" if args.dep else "reg"
        jobs.append((level, args.ze or args.dep or args.reg))
    for level, code in jobs:
        if level != "zones" and code not in territories.listing(level).index:
            print(f"error: {territories.LEVEL_LABELS[level]} {code!r} inconnu(e)", file=sys.stderr)
            return 1
    started = time.perf_counter()
    try:
        with BriefRenderer() as renderer:
            for level, code in tqdm(jobs, desc="Fiches", unit="fiche", disable=len(jobs) == 1, file=sys.stderr):
                if level == "zones":
                    brief = selection_brief(code, args.year, args.app_url)
                else:
                    brief = territory_brief(level, code, args.year, args.app_url)
                files = renderer.render(brief, args.out)
                if len(jobs) == 1:
                    charts_dir = files.pdf.parent / "graphiques"
                    print(f"{files.pdf}\n{files.xlsx}\n{len(files.pngs)} graphiques dans {charts_dir}")
                    print(f"lien : {files.link}")
    except (BrowserUnavailableError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{len(jobs)} fiche(s) en {time.perf_counter() - started:.1f} s dans {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
