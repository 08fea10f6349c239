"""The build order is checked, not implied: each step reads only tables it declared, built earlier."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from etl.step import Context
from etl.steps import STEPS, Step, check_order


def fake_step(name: str, reads: tuple[str, ...], outputs: tuple[str, ...]) -> Step:
    module = SimpleNamespace(__name__=f"etl.steps.{name}", SOURCES=(), READS=reads, OUTPUTS=outputs)
    return Step(module)


def test_the_declared_steps_run_in_an_order_that_builds_every_table_before_it_is_read() -> None:
    check_order(STEPS)
    assert STEPS[0].name == "geography"
    assert "territory_indicators" in STEPS[-1].outputs


def test_a_step_reading_a_table_built_later_is_refused() -> None:
    steps = (fake_step("fit", ("bts_supply",), ("training_fit",)), fake_step("training", (), ("bts_supply",)))
    with pytest.raises(RuntimeError, match=r"step fit reads \['bts_supply'\], which no earlier step publishes"):
        check_order(steps)


def test_a_table_published_twice_is_refused() -> None:
    steps = (fake_step("a", (), ("t",)), fake_step("b", (), ("t",)))
    with pytest.raises(RuntimeError, match="publishes"):
        check_order(steps)


def test_a_step_reading_an_undeclared_table_fails_at_once(scratch_ctx: Context) -> None:
    scratch_ctx.tables["communes"] = pd.DataFrame()
    scratch_ctx.tables["regions"] = pd.DataFrame()
    scratch_ctx.step, scratch_ctx.reads = "census", ("communes",)
    assert scratch_ctx.table("communes").empty
    with pytest.raises(KeyError, match="step census reads table 'regions' without declaring it in READS"):
        scratch_ctx.table("regions")


def test_an_input_error_keeps_its_type_and_message_across_processes() -> None:
    import pickle

    from etl.errors import InputError

    error = InputError("f.xlsx", "not a count: 'x'", sheet="S", column="met")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError and str(copy) == str(error) and copy.column == "met"
