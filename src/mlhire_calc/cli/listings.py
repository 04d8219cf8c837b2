"""`mlhire roles` and `mlhire paths`: the data behind every answer, with its sources."""

from .options import DataDirOpt, DatasetOpt, FormatOpt, OutputOpt, catalog_from, check_output, show_report


def roles(
    fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None, dataset: DatasetOpt = None
) -> None:
    from mlhire_calc.output.views.data import roles_report

    check_output(output, fmt)
    show_report(roles_report(catalog_from({"data_dir": data_dir, "dataset": dataset})), fmt, output)


def paths(
    fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None, dataset: DatasetOpt = None
) -> None:
    from mlhire_calc.output.views.data import paths_report

    check_output(output, fmt)
    show_report(paths_report(catalog_from({"data_dir": data_dir, "dataset": dataset})), fmt, output)
