"""The template an agency types its participants in: CSV, or XLSX with phone and NIK columns as text, a
category list and a guide sheet (in Indonesian, as the offices that fill it in read it)."""

from __future__ import annotations

import csv
import io

from models.participant import Category
from models.spreadsheet import csv_cell, workbook_bytes

from .read import COLUMNS, MAX_BYTES, MAX_ROWS

EXAMPLE_ROW: tuple[str, ...] = (
    'Contoh: Sri Rahayu',
    '081234567890',
    'Sukamaju',
    'Cibeber',
    'Cianjur',
    'KWT Mawar',
    'PMI Purna',
    '3203014506850001',
    'Malaysia',
)

GUIDE: tuple[tuple[str, str], ...] = (
    ('nama', 'Wajib diisi. Nama lengkap peserta, 2 sampai 120 huruf.'),
    (
        'no_hp',
        'Nomor HP/WhatsApp peserta. Boleh ditulis 081234567890, 0812-3456-7890 atau +6281234567890. '
        'Harus nomor seluler Indonesia (diawali 08, 10 sampai 13 angka). Boleh kosong. Nomor HP dipakai '
        'untuk mengenali peserta yang sudah terdaftar, jadi tidak dibuat ganda.',
    ),
    ('desa', 'Desa atau kelurahan tempat tinggal.'),
    ('kecamatan', 'Kecamatan tempat tinggal.'),
    ('kabupaten', 'Kabupaten atau kota tempat tinggal.'),
    (
        'kelompok',
        'Nama kelompok peserta, misalnya KWT Mawar. Boleh kosong. Bila kelompok dengan nama itu belum ada, '
        'kelompok baru dibuat otomatis.',
    ),
    (
        'kategori',
        'Salah satu dari: PMI Purna (pekerja migran yang sudah pulang), PMBS (Pekerja Migran Bermasalah), '
        'KTK (Korban Tindak Kekerasan), KPO (Korban Perdagangan Orang). Boleh kosong. DATA RAHASIA: hanya '
        'koordinator yang dapat melihatnya.',
    ),
    (
        'nik',
        'NIK sesuai KTP: tepat 16 angka. Boleh kosong. Kolom ini berformat Teks; jangan ubah menjadi Angka, '
        'karena Excel hanya menyimpan 15 angka dan digit terakhir NIK akan hilang. DATA RAHASIA.',
    ),
    ('negara_tujuan_dulu', 'Negara tempat dulu bekerja, misalnya Malaysia atau Hong Kong. Boleh kosong. DATA RAHASIA.'),
)

GUIDE_NOTES: tuple[str, ...] = (
    'Baris 1 adalah judul kolom: jangan diubah. Isi data mulai baris 2, satu peserta satu baris.',
    'Hapus baris contoh sebelum mengunggah.',
    f'Paling banyak {MAX_ROWS:,} baris dan ukuran berkas paling besar {MAX_BYTES // (1024 * 1024)} MB.'.replace(
        ',', '.'
    ),
    'Peserta yang sudah terdaftar (nomor HP atau NIK sama) tidak dibuat ganda.',
    'Bila menyimpan sebagai CSV, nomor HP dan NIK harus tetap berupa teks (awali dengan 0, tanpa E+).',
)

_WIDTHS = {
    'nama': 28,
    'no_hp': 16,
    'desa': 16,
    'kecamatan': 16,
    'kabupaten': 18,
    'kelompok': 24,
    'kategori': 12,
    'nik': 20,
    'negara_tujuan_dulu': 20,
}
_TEXT_COLUMNS = ('no_hp', 'nik')


def template_csv() -> bytes:
    """The template as CSV: UTF-8 with a BOM (so Excel shows the letters right), comma-separated."""
    out = io.StringIO(newline='')
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(csv_cell(cell) for cell in COLUMNS)
    writer.writerow(csv_cell(cell) for cell in EXAMPLE_ROW)
    return out.getvalue().encode('utf-8-sig')


def template_xlsx() -> bytes:
    """The template as XLSX: the header and an example row, phone and NIK columns as text, and a guide sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = 'Peserta'
    bold = Font(bold=True)
    fill = PatternFill('solid', fgColor='DDEBF7')
    sheet.append(list(COLUMNS))
    sheet.append(list(EXAMPLE_ROW))
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position)
        header.font = bold
        header.fill = fill
        dimension = sheet.column_dimensions[letter]
        dimension.width = _WIDTHS[column]
        if column in _TEXT_COLUMNS:
            dimension.number_format = '@'  # new cells typed in this column stay text: leading 0, all 16 digits
            sheet.cell(row=2, column=position).number_format = '@'
    sheet.freeze_panes = 'A2'
    category_letter = get_column_letter(COLUMNS.index('kategori') + 1)
    choices = DataValidation(
        type='list',
        formula1='"' + ','.join(c.value for c in Category) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle='Kategori',
        error='Pilih PMI Purna, PMBS, KTK atau KPO, atau kosongkan.',
    )
    choices.add(f'{category_letter}2:{category_letter}{MAX_ROWS + 1}')
    sheet.add_data_validation(choices)

    guide = workbook.create_sheet('Petunjuk')
    guide.append(['Kolom', 'Keterangan'])
    for cell in guide[1]:
        cell.font = bold
        cell.fill = fill
    for column, text in GUIDE:
        guide.append([column, text])
    guide.append([])
    guide.append(['Catatan', ''])
    guide.cell(row=guide.max_row, column=1).font = bold
    for note in GUIDE_NOTES:
        guide.append(['', note])
    guide.column_dimensions['A'].width = 22
    guide.column_dimensions['B'].width = 100
    for row in guide.iter_rows(min_row=2):
        row[0].alignment = Alignment(vertical='top')
        row[1].alignment = Alignment(wrap_text=True, vertical='top')

    return workbook_bytes(workbook)
