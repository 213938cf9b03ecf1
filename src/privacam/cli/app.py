"""The Typer application object that every command module registers on."""

from __future__ import annotations

import typer

from privacam import __version__

app = typer.Typer(
    name="privacam",
    help=(
        "Privacy-by-design camera analytics for the Camera Image Utilization Guidebook ver3.0.\n\n"
        "カメラ画像利活用ガイドブック ver3.0 に沿ったプライバシー・バイ・デザインのカメラ解析。"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"privacam {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    max_pixels: int | None = typer.Option(
        None,
        "--max-pixels",
        min=1,
        help=(
            "Largest frame (width x height) that any source or anonymize decodes; larger "
            "ones are refused before decoding. Default: PRIVACAM_MAX_PIXELS, else 100000000."
        ),
    ),
) -> None:
    """privacam: the guidebook as working software."""
    if max_pixels is not None:
        from privacam.runtime.limits import limit_frame_pixels

        limit_frame_pixels(max_pixels)
