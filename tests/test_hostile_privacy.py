"""What a published dataset or model says of the people and the machine that made it."""
from __future__ import annotations

from pathlib import Path

import pytest

from claims import ClaimsError, Project
from claims.dataset import BuildOptions

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


def test_an_origin_glob_naming_an_annotator_is_not_written_into_the_card(tmp_path):
    with Project.init(tmp_path / "p.db") as project:
        project.import_recipe("ans", DATASETS / "ans-sample", limit=40)
        with project.store.transaction():
            for claim in project.store.claims():
                target = project.store.entity_id("target", claim.target)
                project.store.add_claim(claim.statement_id, None, target, claim.stance,
                                        "human:Zoraida Quintanilla")
        project.build_dataset(tmp_path / "out", BuildOptions(["*Quintanilla", "import:*"],
                                                             split_by="random", seed=1))
    for name in ("README.md", "claims.json"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert "Quintanilla" not in text and "Zoraida" not in text, name
    assert "(1 origins of kind human)" in (tmp_path / "out" / "claims.json").read_text()


def test_train_log_holds_no_absolute_path(ans_model):
    folder, model = ans_model
    log = (model.path / "train.log").read_text(encoding="utf-8")
    assert str(Path(folder).parent) not in log and "/tmp/" not in log
    assert f"from {Path(folder).name}" in log


@pytest.mark.parametrize("name", ["../../x", "../recipes/ans", "a/b", "ans\nother"])
def test_a_recipe_name_cannot_reach_outside_the_recipes_folder(project, tmp_path, name):
    (tmp_path.parent / "x.py").write_text("open('owned', 'w')\n")
    with pytest.raises(ClaimsError, match="a recipe name is letters, digits"):
        project.import_recipe(name, tmp_path)
    assert not Path("owned").exists()
