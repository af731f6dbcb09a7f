"""Vietnamese formats: dates typed and shown as dd/mm/yyyy, weeks start on Monday.

Django's own ``vi`` locale leaves input formats to the US default, so 05/07/2025
would be read as 7 May. These override it.
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y, H:i"
YEAR_MONTH_FORMAT = r"\T\h\á\n\g n \n\ă\m Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 25/10/2021
    "%d/%m/%y",  # 25/10/21
    "%d-%m-%Y",  # 25-10-2021
    "%d.%m.%Y",  # 25.10.2021
    "%Y-%m-%d",  # 2021-10-25 (ISO, from imports and HTML date inputs)
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
