"""The root Typer application that every command module adds itself to, and how the command line
speaks to people: plain help with no Python types, and every error as one line that says what to do.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperArgument, TyperGroup

# The order `voc --help` lists the commands in: what a newcomer runs first comes first.
COMMAND_ORDER = (
    "analyze",
    "analyze-text",
    "insights",
    "route",
    "serve",
    "worker",
    "jobs",
    "keys",
    "erase",
    "retention",
    "audit",
    "db",
    "models",
    "schema",
)


class VocGroup(TyperGroup):
    """The `voc` command: commands in COMMAND_ORDER, and usage errors as one `error:` line."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(names))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except typer.TyperException as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # `voc` or `voc keys` alone: the help
                typer.echo(error.format_message(), err=True)
                sys.exit(2)
            say_error(_usage_message(error))
            sys.exit(getattr(error, "exit_code", 2))
        except typer.Abort:
            say_error("stopped")
            sys.exit(130)
        except typer.Exit as stop:  # raised outside a command (e.g. by --help's callback)
            code = stop.exit_code
        sys.exit(code if isinstance(code, int) else 0)


def _usage_message(error: typer.TyperException) -> str:
    """A usage error (unknown option, missing argument, bad value) as one line that points to --help."""
    message = " ".join(error.format_message().split())
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "voc"
    return f"{message}; see `{command} --help`"


def _hide_argument_types() -> None:
    # Typer prints an argument's Python type beside its name ("RECORDING <path>") and wraps a
    # required one in braces in the usage line ("{path}"). The metavar each argument declares
    # already says what to give, so help shows only that.
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    TyperArgument._usage_display_name = lambda self: (  # type: ignore[method-assign]
        self.display_name_raw if self.required else f"[{self.display_name_raw}]"
    )


_hide_argument_types()


def command_group(help: str, *, no_args_is_help: bool = True, **settings: Any) -> typer.Typer:
    """A Typer app for `voc` or one of its command families, with plain help: no boxes (they
    wrap when piped) and no Python types; options say what they take with their metavar."""
    return typer.Typer(
        no_args_is_help=no_args_is_help,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_show_locals=False,  # locals may hold call content
        help=help,
        **settings,
    )


app = command_group("voc: voice of customer for contact centres", cls=VocGroup)

# soft_wrap: a long message stays on one line when piped, instead of being cut at 80 columns.
err_console = Console(stderr=True, soft_wrap=True)


def say_error(message: str) -> None:
    """One line on stderr: `error: ...` (red on a terminal), never wrapped, never read as markup."""
    err_console.print(Text.assemble(("error:", "red"), " ", message), highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """End a command on bad input: one `error: ...` line with what to do next, and a non-zero exit."""
    say_error(message)
    raise typer.Exit(code)
