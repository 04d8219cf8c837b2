"""`mlhire countries`: what employing someone costs in each country, with sources."""

from .options import DataDirOpt, DatasetOpt, FormatOpt, OutputOpt, catalog_from, check_output, show_report


def countries(
    fmt: FormatOpt = None, output: OutputOpt = None, data_dir: DataDirOpt = None, dataset: DatasetOpt = None
) -> None:
    from mlhire_calc.output.views.countries import countries_report

    check_output(output, fmt)
    show_report(countries_report(catalog_from({"data_dir": data_dir, "dataset": dataset})), fmt, output)
