import argparse
import datetime


def parse_date_option(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"‘{value}’ is geen datum; schrijf hem als JJJJ-MM-DD.") from None
