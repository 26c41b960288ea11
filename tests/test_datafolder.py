import json
import shutil

import pytest

from claims.datafolder import COLUMN_NAMES, COLUMNS, features, open_folder, read_split, verify
from claims.dataset import BuildOptions
from claims.errors import InputError
from claims.formats import Mapping


@pytest.fixture
def built(project, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "text,label,split\nOne.,support,train\nTwo.,oppose,test\nThree.,neutral,train\n",
        encoding="utf-8",
    )
    project.import_file(
        path, Mapping(text="text", stance="label", target_value="T", split="split"), name="rows"
    )
    project.build_dataset(tmp_path / "ds", BuildOptions(split_by="given"))
    return tmp_path / "ds"


def test_one_column_table_gives_the_features_the_reader_and_the_card(built):
    assert list(features(["support", "oppose", "neutral"])) == list(COLUMN_NAMES)
    folder = open_folder(built)
    frame, labels = read_split(folder, "train")
    assert list(frame.columns) == list(COLUMN_NAMES) and labels == ["support", "oppose", "neutral"]
    assert folder.splits == ("train", "test") and folder.fingerprint.startswith("sha256:")
    card = (built / "README.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| {column.name} | {column.type} | {column.description} |" in card


def test_verify_refuses_changed_data_that_opening_never_reads(built):
    data = built / "data" / "test-00000-of-00001.parquet"
    data.write_bytes(b"not parquet")
    folder = open_folder(built)
    assert len(read_split(folder, "train")[0]) == 2
    with pytest.raises(InputError, match=r"the data files changed since the dataset was built "
                                         r"\(fingerprint differs\); rebuild it\.$"):
        verify(folder)


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda marker: {**marker, "format_version": 7},
            "a claims dataset of format 7; this claims reads format 1; rebuild it$",
        ),
        (
            lambda marker: {**marker, "format": "other"},
            r"claims\.json: does not describe a claims dataset$",
        ),
        (
            lambda marker: {key: value for key, value in marker.items() if key != "fingerprint"},
            "lacks its rows, labels or fingerprint; rebuild it$",
        ),
    ],
)
def test_the_reader_refuses_a_marker_it_does_not_read(built, change, message):
    marker = built / "claims.json"
    marker.write_text(
        json.dumps(change(json.loads(marker.read_text(encoding="utf-8")))), encoding="utf-8"
    )
    with pytest.raises(InputError, match=message):
        open_folder(built)


def test_a_missing_split_names_the_splits_there(built, tmp_path):
    with pytest.raises(
        InputError,
        match=r"no validation split \(data/validation-\*\.parquet\); the splits here: "
        r"train, test$",
    ):
        open_folder(built, need="validation")
    shutil.rmtree(built / "data")
    (built / "claims.json").unlink()
    with pytest.raises(
        InputError, match=r"not a claims dataset folder \(no claims\.json\); build one with"
    ):
        open_folder(built)


def test_a_stance_code_out_of_the_label_range_is_one_line(emergent_dataset, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = shutil.copytree(emergent_dataset, tmp_path / "emergent")
    test_file = next((folder / "data").glob("test-*.parquet"))
    table = pq.read_table(test_file)
    codes = table["stance"].to_pylist()
    codes[3] = 7
    column = table.schema.get_field_index("stance")
    table = table.set_column(column, table.schema.field(column),
                             pa.array(codes, table["stance"].type))
    pq.write_table(table, test_file)
    with pytest.raises(InputError, match=r"stance 7 at row 3 is not one of the 3 labels"):
        read_split(open_folder(folder), "test")
