import { Body, Controller, HttpCode, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, tooLargeDetail, ValidationError } from '../../core/http';
import { SaveJsonDto, SaveJsonResponseDto, UploadResponseDto } from './dto/storage.dto';
import { StorageService, UPLOAD_DIRECTORIES, UPLOAD_LIMIT_BYTES } from './storage.service';

interface UploadedFileShape {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

@ApiTags('storage')
@Controller('storage')
export class StorageController {
  constructor(private readonly storage: StorageService) {}

  @Post('save-json')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save a JSON object to DATA_DIR/outputs (the JSON output node)' })
  @ApiOkResponse({ type: SaveJsonResponseDto })
  saveJson(@Body() body: SaveJsonDto): Promise<SaveJsonResponseDto> {
    return this.storage.saveJson(body.filename, body.data);
  }

  @Post('upload')
  @ApiOperation({ summary: 'Upload a CSV/JSON/TXT file (max 50 MB) into DATA_DIR/uploads or DATA_DIR/market-data (the CSV provider reads the latter)' })
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'directory', required: false, enum: UPLOAD_DIRECTORIES })
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: UploadResponseDto })
  // Browsers send file names as UTF-8 bytes; multer would read them as Latin-1.
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 }, defParamCharset: 'utf8' }))
  async upload(@UploadedFile() file: UploadedFileShape | undefined, @Query('directory') directory = 'uploads'): Promise<UploadResponseDto> {
    if (file === undefined) throw ValidationError.field('file', 'file is required (multipart/form-data field "file")');
    if (file.size === 0) throw ValidationError.field('file', 'file is empty');
    if (file.size > UPLOAD_LIMIT_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', tooLargeDetail('The file', UPLOAD_LIMIT_BYTES));
    return this.storage.saveUpload(directory, file.originalname, file.buffer, file.mimetype);
  }
}
